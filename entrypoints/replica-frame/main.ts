import overlayCss from '../../content/ui/overlay.css?inline';
import { startTrainingFrame } from '../../extension/training/frame';

startTrainingFrame(overlayCss);
