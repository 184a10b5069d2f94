import overlayCss from '../../content/ui/overlay.css?inline';
import { startTrainingFrame } from '../../extension/pages/training/frame';

startTrainingFrame(overlayCss);
