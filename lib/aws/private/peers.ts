/** Checks, before anything loads aws-cdk-lib, that it is installed, and says what to install when not. */
import { requirePeerDependencies } from '../../private/peer-dependencies';

requirePeerDependencies('aws-cdk-lib');
