/**
 * Checks, before anything loads CDK for Terraform, that its packages are installed, and says which
 * to install when they are not. In dist/azure-cdktn the build renames the flavour
 * name below as it renames module names (bin/cdktn-flavour.js), so that entry point checks for
 * CDK Terrain's packages.
 */
import { requirePeerDependencies } from '../../private/peer-dependencies';

requirePeerDependencies('cdktf');
