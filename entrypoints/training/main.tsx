import { render } from 'preact';
import { Training } from '../../extension/ui/Training';
import '../../extension/ui/pages.css';
import '../../extension/ui/Training.css';

render(<Training />, document.getElementById('app')!);
