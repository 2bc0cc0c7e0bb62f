/**
 * A throwaway certificate authority and one server certificate for the lab's hosts, made with
 * the openssl command line (Secure and Partitioned cookies need a secure context, so the lab
 * serves HTTPS).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** PEM material for an HTTPS server, plus the CA that signed it. */
export interface LabCertificates {
  /** The CA certificate (PEM); trust it, or run the browser with --ignore-certificate-errors. */
  readonly caCertificate: string;
  /** Path of the CA certificate file. */
  readonly caCertificatePath: string;
  /** The server certificate (PEM), valid for every host given. */
  readonly certificate: string;
  /** The server private key (PEM). */
  readonly privateKey: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') {
      throw new Error('The lab needs the openssl command to make its certificates. Install it: apt-get install -y openssl', { cause: error });
    }
    throw new Error(`openssl ${args[0]} failed: ${err.stderr?.toString() ?? err.message}`, { cause: error });
  }
}

/**
 * Creates a CA and a certificate for `hosts` in `directory` (which must exist). Keys are
 * EC P-256: quick to generate, accepted by Chromium and Node.
 */
export function createLabCertificates(directory: string, hosts: string[]): LabCertificates {
  if (hosts.length === 0) {
    throw new Error('createLabCertificates: hosts must name at least one host');
  }
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(['req', '-x509', ...ecKey, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2',
    '-subj', '/CN=gms-edge-constructs lab CA', '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], directory);
  openssl(['req', ...ecKey, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${hosts[0]}`], directory);
  fs.writeFileSync(path.join(directory, 'server.ext'), [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature',
    'extendedKeyUsage=serverAuth',
    `subjectAltName=${hosts.map((host) => `DNS:${host}`).join(',')}`,
  ].join('\n'));
  openssl(['x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'server.crt', '-days', '2', '-extfile', 'server.ext'], directory);
  const read = (name: string): string => fs.readFileSync(path.join(directory, name), 'utf8');
  return {
    caCertificate: read('ca.crt'),
    caCertificatePath: path.join(directory, 'ca.crt'),
    certificate: read('server.crt'),
    privateKey: read('server.key'),
  };
}
