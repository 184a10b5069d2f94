import { render } from 'preact';
import { Popup } from '../../extension/ui/Popup';
import '../../extension/ui/pages.css';

render(<Popup />, document.getElementById('app')!);
