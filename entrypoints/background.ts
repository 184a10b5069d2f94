import { startBackground } from '../extension/background/index';

export default defineBackground(() => startBackground());
