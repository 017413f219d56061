/** Entry point of the bundled GitHub Action (dist/index.js). */
import { run } from './action.js';

await run();
