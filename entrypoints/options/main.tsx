import { render } from 'preact';
import { Options } from '../../extension/ui/Options';
import '../../extension/ui/pages.css';

render(<Options />, document.getElementById('app')!);
