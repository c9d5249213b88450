import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { FeaturePlan, Mfa, OAuthScope, ResourceServerScope, UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
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
};

/**
 * Who issues the tokens the authorizer trusts. By default a Cognito user pool for
 * machine-to-machine clients (client-credentials grant); with context `jwtIssuer`,
 * an external OIDC issuer and no user pool.
 */
export class Identity extends Construct {
  /** Environment the authorizer function reads (see lambda/authorizer/issuer-config.ts). */
  readonly authorizerEnvironment: Record<string, string>;

  constructor(scope: Construct, id: string, settings: IdentitySettings) {
    super(scope, id);
    if (settings.kind === 'oidc') {
      this.authorizerEnvironment = {
        ...unusedIssuerVariables,
        JWT_ISSUER: settings.issuer,
        JWT_AUDIENCE: settings.audience.join(','),
        JWT_JWKS_URI: settings.jwksUri ?? '',
        TENANT_CLAIM: settings.tenantClaim,
      };
      return;
    }

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
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
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
        domainPrefix: settings.domainPrefix ?? Fn.join('-', ['dnc-api', Stack.of(this).account]),
      },
    });

    this.authorizerEnvironment = {
      ...unusedIssuerVariables,
      USER_POOL_ID: userPool.userPoolId,
      USER_POOL_CLIENT_IDS: client.userPoolClientId,
      TENANT_CLAIM: settings.tenantClaim,
    };

    new CfnOutput(Stack.of(this), 'TokenUrl', {
      description: 'OAuth2 token endpoint (client-credentials grant)',
      value: `${domain.baseUrl()}/oauth2/token`,
    });
    new CfnOutput(Stack.of(this), 'UserPoolId', { value: userPool.userPoolId });
    new CfnOutput(Stack.of(this), 'ClientId', {
      description: 'Machine client id; read its secret with aws cognito-idp describe-user-pool-client',
      value: client.userPoolClientId,
    });
  }
}
