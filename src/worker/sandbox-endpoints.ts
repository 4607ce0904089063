/**
 * Where a worker running as its own process finds the sandbox: read from the environment,
 * validated with zod so a missing variable is named before anything connects. The sandbox
 * itself runs elsewhere (a test, the soak, `npm start`); only its addresses cross over.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { ConfigError } from '../config/config.js';
import type { SandboxEndpoints } from './activity-deps.js';

const endpointsSchema = z.object({
  SANDBOX_SIGNON_URL: z.url(),
  SANDBOX_SIGNON_ADMIN_TOKEN: z.string().min(16),
  /** A kubeconfig file for the Kubernetes simulator (Sandbox.writeKubeconfig writes one). */
  SANDBOX_KUBECONFIG: z.string().min(1),
  /** JSON object: parameterized server app name -> base URL. */
  SANDBOX_SERVER_API_URLS: z.string().transform((text, context) => {
    try {
      return z.record(z.string(), z.url()).parse(JSON.parse(text));
    } catch {
      context.addIssue({ code: 'custom', message: 'must be a JSON object of app name to URL' });
      return z.NEVER;
    }
  }),
});

export type SandboxEndpointEnv = z.input<typeof endpointsSchema>;

export function sandboxEndpointsFromEnv(environment: NodeJS.ProcessEnv): SandboxEndpoints {
  const parsed = endpointsSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid sandbox endpoints: ${problems.join('; ')}`);
  }
  const kubeConfig = new KubeConfig();
  try {
    kubeConfig.loadFromFile(parsed.data.SANDBOX_KUBECONFIG);
  } catch {
    throw new ConfigError(`SANDBOX_KUBECONFIG: cannot read a kubeconfig from ${parsed.data.SANDBOX_KUBECONFIG}`);
  }
  return {
    signonUrl: parsed.data.SANDBOX_SIGNON_URL,
    signonAdminToken: parsed.data.SANDBOX_SIGNON_ADMIN_TOKEN,
    kubeConfig,
    serverApiUrls: parsed.data.SANDBOX_SERVER_API_URLS,
  };
}
