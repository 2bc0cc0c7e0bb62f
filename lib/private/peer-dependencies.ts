/**
 * A clear error when a cloud library this package expects as a peer dependency is missing,
 * instead of Node's bare `Cannot find module 'cdktf'`: which entry point needs what, the install
 * line, and the other Azure entry point when the user has the other CDK installed.
 *
 * The table lives outside lib/azure: the build renames every cdktf module name inside
 * dist/azure to make dist/azure-cdktn (bin/cdktn-flavour.js), including the flavour name passed
 * to `requirePeerDependencies`, and this table must keep both flavours intact.
 */

/** The CDK an entry point is built on. */
export type CdkFlavour = 'aws-cdk-lib' | 'cdktf' | 'cdktn';

interface EntryPointPeers {
  /** The import path a user writes. */
  readonly entryPoint: string;
  /** Peer package → the version range in package.json's peerDependencies. */
  readonly packages: Readonly<Record<string, string>>;
  /** The flavour that offers the same constructs on the other CDK, if any. */
  readonly alternative?: CdkFlavour;
  /** Peer package → what to run before installing it, when its own metadata needs help. */
  readonly beforeInstall?: Readonly<Record<string, string>>;
}

/** Kept equal to package.json's peerDependencies by test/package.test.ts. */
export const PEER_DEPENDENCIES: Readonly<Record<CdkFlavour, EntryPointPeers>> = {
  'aws-cdk-lib': {
    entryPoint: 'gms-edge-constructs/aws',
    packages: { 'aws-cdk-lib': '^2.276.0', constructs: '^10.6.0' },
  },
  cdktf: {
    entryPoint: 'gms-edge-constructs/azure',
    packages: { cdktf: '^0.21.0', '@cdktf/provider-azurerm': '^14.23.1', constructs: '^10.6.0' },
    alternative: 'cdktn',
  },
  cdktn: {
    entryPoint: 'gms-edge-constructs/azure-cdktn',
    packages: { cdktn: '^0.24.0', '@cdktn/provider-azurerm': '^16.1.0', constructs: '^10.6.0' },
    alternative: 'cdktf',
    // @cdktn/provider-azurerm 16.1.0 peers on cdktn ^0.23.0, which was never published: without
    // the override npm refuses the install (ERESOLVE).
    beforeInstall: {
      '@cdktn/provider-azurerm': "npm pkg set 'overrides.@cdktn/provider-azurerm.cdktn=$cdktn' (@cdktn/provider-azurerm 16.1.0 asks for a cdktn ^0.23.0 that was never published)",
    },
  },
};

/** Whether Node finds a package from this module's location (the package's own node_modules chain). */
export type PackageResolver = (name: string) => boolean;

function installed(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
      return false;
    }
    throw error;
  }
}

/** The error message for the missing peers of a flavour, or `undefined` when all are installed. */
export function missingPeerDependencyMessage(flavour: CdkFlavour, isInstalled: PackageResolver = installed): string | undefined {
  const { entryPoint, packages, alternative, beforeInstall = {} } = PEER_DEPENDENCIES[flavour];
  const missing = Object.keys(packages).filter((name) => !isInstalled(name));
  if (missing.length === 0) {
    return undefined;
  }
  const install = missing.map((name) => `${name}@${packages[name]}`).join(' ');
  const lines = [
    `${entryPoint} needs the peer ${missing.length === 1 ? 'dependency' : 'dependencies'} ${missing.join(' and ')}, not installed here.`,
    ...missing.flatMap((name) => (beforeInstall[name] === undefined ? [] : [`First: ${beforeInstall[name]}`])),
    `Install: npm install ${install}`,
  ];
  if (alternative !== undefined && Object.keys(PEER_DEPENDENCIES[alternative].packages).every(isInstalled)) {
    lines.push(`${alternative} is installed: for the same constructs on ${alternative}, import ${PEER_DEPENDENCIES[alternative].entryPoint} instead.`);
  }
  return lines.join('\n');
}

/** Throws the message above; an entry point calls it before it loads its cloud library. */
export function requirePeerDependencies(flavour: CdkFlavour): void {
  const message = missingPeerDependencyMessage(flavour);
  if (message !== undefined) {
    throw new Error(message);
  }
}
