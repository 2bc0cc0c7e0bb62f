/** The README's CDK Terrain install lines and quick start in a project made by `cdktn init --template typescript`. */
import { describeConsumerProject } from './harness';
import { CDKTN_INIT_TYPESCRIPT } from './projects';

describeConsumerProject(CDKTN_INIT_TYPESCRIPT);
