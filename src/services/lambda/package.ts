// A deployment package and a runtime as CreateFunction and UpdateFunctionCode take them: a zip in
// the request (S3 and container images are not served), a Node.js runtime, or Python where python3
// is installed.
import { execFileSync } from 'node:child_process';
import { InvalidParameterValueException } from '../../generated/lambda/errors.js';
import { readZip, sha256 } from '../../functions/code.js';

export interface Package {
  base64: string;
  sha256: string;
  size: number;
}

/** The zip of a FunctionCode, checked as Lambda checks it. */
export function readPackage(code: { ZipFile?: unknown; S3Bucket?: string; ImageUri?: string }): Package {
  if (code.ZipFile === undefined) {
    // cognate has no S3 and no container registry: cognate's words.
    throw new InvalidParameterValueException(
      'cognate takes a function package as Code.ZipFile only (no S3 object or container image).',
    );
  }
  const bytes = Buffer.isBuffer(code.ZipFile) ? code.ZipFile : Buffer.from(String(code.ZipFile), 'base64');
  // AWS's text (Lambda's answer to a corrupt package, quoted in many users' reports).
  if (!readZip(bytes))
    throw new InvalidParameterValueException(
      'Could not unzip uploaded file. Please check your file, then try to upload again.',
    );
  return { base64: bytes.toString('base64'), sha256: sha256(bytes), size: bytes.length };
}

let python: boolean | undefined;
const hasPython = () => {
  if (python === undefined) {
    try {
      execFileSync('python3', ['--version'], { stdio: 'ignore' });
      python = true;
    } catch {
      python = false;
    }
  }
  return python;
};

export function checkRuntime(runtime: string | undefined): string {
  // Lambda: "Runtime and Handler are mandatory parameters for functions created with deployment packages."
  if (!runtime)
    throw new InvalidParameterValueException(
      'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    );
  const node = /^nodejs(18|20|22|24)\.x$/.test(runtime);
  const py = /^python3\.(9|1[0-9])$/.test(runtime) && hasPython();
  // Which runtimes cognate runs is cognate's choice, and so are these words.
  if (!node && !py)
    throw new InvalidParameterValueException(
      `The runtime parameter of ${runtime} is not supported by cognate: it runs nodejs18.x to nodejs24.x${hasPython() ? ' and python3.9 to python3.14' : ' (python3 is not installed here)'}.`,
    );
  return runtime;
}
