/** The README's AWS install line and quick start in a project made by `cdk init app --language typescript`. */
import { describeConsumerProject } from './harness';
import { CDK_INIT_APP } from './projects';

describeConsumerProject(CDK_INIT_APP);
