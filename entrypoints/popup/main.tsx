import { render } from 'preact';
import { Popup } from '../../extension/pages/popup/Popup';
import '../../extension/pages/common/pages.css';

render(<Popup />, document.getElementById('app')!);
