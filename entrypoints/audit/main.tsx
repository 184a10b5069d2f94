import { render } from 'preact';
import { AuditViewer } from '../../extension/ui/AuditViewer';
import '../../extension/ui/pages.css';

render(<AuditViewer />, document.getElementById('app')!);
