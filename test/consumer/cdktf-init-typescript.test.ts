/** The README's Azure install lines and quick start in a project made by `cdktf init --template typescript`. */
import { describeConsumerProject } from './harness';
import { CDKTF_INIT_TYPESCRIPT } from './projects';

describeConsumerProject(CDKTF_INIT_TYPESCRIPT);
