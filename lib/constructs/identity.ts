import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { FeaturePlan, Mfa, OAuthScope, ResourceServerScope, UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { RESOURCE_SERVER_ID, scopes as apiScopes } from '../routes';
import type { IdentitySettings } from '../settings';

const scopeDescriptions: Record<(typeof apiScopes)[keyof typeof apiScopes], string> = {
  [apiScopes.write]: 'Add numbers to the DNC list',
  [apiScopes.read]: 'Read the DNC list',
  [apiScopes.delete]: 'Remove numbers from the DNC list',
};

// Every issuer variable is declared in both modes, empty where unused, so that
// `sam local invoke --env-vars` (which only overrides declared variables) can switch
// the authorizer to the local issuer of `npm start`.
const unusedIssuerVariables = {
  USER_POOL_ID: '',
  USER_POOL_CLIENT_IDS: '',
  JWT_ISSUER: '',
  JWT_AUDIENCE: '',
  JWT_JWKS_URI: '',
  TENANT_CLAIM: '',
  TENANT_REGISTRY_TABLE_NAME: '',
};

export interface IdentityProps {
  settings: IdentitySettings;
  stage: string;
  deletionProtection: boolean;
  /** Cognito mode: the registry that maps each machine client to its tenant. */
  tenantRegistry?: ITable;
}

/**
 * Who issues the tokens the authorizer trusts, and how it finds a token's tenant. By default a
 * Cognito user pool for machine-to-machine clients (client-credentials grant), any of which may call
 * once `npm run tenant` has registered it to a tenant; with setting `jwtIssuer`, an external OIDC
 * issuer whose `tenantClaim` names the tenant, and no user pool.
 */
export class Identity extends Construct {
  /** Environment the authorizer function reads (see lambda/authorizer/issuer-config.ts). */
  readonly authorizerEnvironment: Record<string, string>;

  constructor(scope: Construct, id: string, { settings, stage, deletionProtection, tenantRegistry }: IdentityProps) {
    super(scope, id);
    if (settings.kind === 'oidc') {
      this.authorizerEnvironment = {
        ...unusedIssuerVariables,
        JWT_ISSUER: settings.issuer,
        JWT_AUDIENCE: settings.audience.join(','),
        JWT_JWKS_URI: settings.jwksUri ?? '',
        TENANT_SOURCE: 'claim',
        TENANT_CLAIM: settings.tenantClaim,
      };
      return;
    }
    if (tenantRegistry === undefined) throw new Error('Cognito mode needs the tenant registry');

    const userPool = new UserPool(this, 'UserPool', {
      // Only machine clients get tokens: nobody signs up or signs in with a password.
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      featurePlan: FeaturePlan.ESSENTIALS,
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 16,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
      },
      deletionProtection,
      // Kept on delete and on a replacing update (its clients are how tenants call), not after a failed first create.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    Validations.of(userPool).acknowledge({
      id: 'AwsSolutions::AwsSolutions-COG8',
      reason:
        'The Plus plan adds threat protection for user sign-ins; this pool has no users, only machine clients using the client-credentials grant.',
    });
    const scopes = Object.values(apiScopes).map(
      (scope) =>
        new ResourceServerScope({
          scopeName: scope.slice(RESOURCE_SERVER_ID.length + 1),
          scopeDescription: scopeDescriptions[scope],
        }),
    );
    const resourceServer = userPool.addResourceServer('ResourceServer', { identifier: RESOURCE_SERVER_ID, scopes });
    const client = new UserPoolClient(this, 'MachineClient', {
      userPool,
      generateSecret: true,
      authFlows: {},
      accessTokenValidity: Duration.hours(1),
      oAuth: {
        flows: { clientCredentials: true },
        scopes: scopes.map((scope) => OAuthScope.resourceServer(resourceServer, scope)),
      },
    });
    const domain = userPool.addDomain('Domain', {
      cognitoDomain: {
        domainPrefix: settings.domainPrefix ?? Fn.join('-', ['dnc-api', stage, Stack.of(this).account]),
      },
    });

    this.authorizerEnvironment = {
      ...unusedIssuerVariables,
      USER_POOL_ID: userPool.userPoolId,
      TENANT_SOURCE: 'registry',
      TENANT_REGISTRY_TABLE_NAME: tenantRegistry.tableName,
    };

    new CfnOutput(Stack.of(this), 'TokenUrl', {
      description: 'OAuth2 token endpoint (client-credentials grant)',
      value: `${domain.baseUrl()}/oauth2/token`,
    });
    new CfnOutput(Stack.of(this), 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(Stack.of(this), 'ClientId', {
      description:
        'A machine client the stack creates; it calls only once registered to a tenant (npm run tenant -- add <tenantId> --existing-client <ClientId>). New tenants get their own client from npm run tenant -- add.',
      value: client.userPoolClientId,
    });
  }
}
