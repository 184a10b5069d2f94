import { render } from 'preact';
import { Options } from '../../extension/pages/options/Options';
import '../../extension/pages/common/pages.css';

render(<Options />, document.getElementById('app')!);
