import { render } from 'preact';
import { AuditViewer } from '../../extension/pages/audit/AuditViewer';
import '../../extension/pages/common/pages.css';

render(<AuditViewer />, document.getElementById('app')!);
