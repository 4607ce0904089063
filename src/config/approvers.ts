/**
 * Who may approve revocation, per GOV.UK environment (APPROVERS_<ENVIRONMENT>, comma separated).
 * Production mode refuses to start without a production list: a rotation of a real production
 * token must be approved by someone named in configuration. The sandbox, whose "production"
 * is simulated, lets any named person approve an environment without a list.
 */
import { ENVIRONMENTS } from '../../workflows/types.js';
import { ConfigError, type Config } from './config.js';

const VARIABLE = {
  integration: 'APPROVERS_INTEGRATION',
  staging: 'APPROVERS_STAGING',
  production: 'APPROVERS_PRODUCTION',
} as const;

export interface ApproverSettings {
  approvers: Readonly<Record<string, readonly string[]>>;
  approverNotStarter: boolean;
}

export function approversFromConfig(config: Config): ApproverSettings {
  const approvers: Record<string, readonly string[]> = {};
  for (const environment of ENVIRONMENTS) {
    const variable = VARIABLE[environment];
    const list = config[variable];
    if (list === undefined) continue;
    if (list.length === 0) throw new ConfigError(`${variable}: lists nobody, so no ${environment} rotation could ever be approved`);
    approvers[environment] = list;
  }
  if (config.ROTATION_MODE === 'production' && approvers.production === undefined) {
    throw new ConfigError('APPROVERS_PRODUCTION: required in production mode (comma-separated names of the people who may approve)');
  }
  return { approvers, approverNotStarter: config.APPROVER_NOT_STARTER };
}
