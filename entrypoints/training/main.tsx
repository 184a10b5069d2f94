import { render } from 'preact';
import { Training } from '../../extension/pages/training/Training';
import '../../extension/pages/common/pages.css';
import '../../extension/pages/training/Training.css';

render(<Training />, document.getElementById('app')!);
