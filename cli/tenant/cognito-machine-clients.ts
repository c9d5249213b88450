import {
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { scopes } from '../../lib/routes';
import type { MachineClients } from './machine-clients';

/**
 * Machine clients as app clients of the stack's user pool: client-credentials grant only,
 * every scope of the `dnc` resource server, 1 h access tokens, a generated secret (the same
 * shape as the stack's own machine client).
 */
export const cognitoMachineClients = (cognito: CognitoIdentityProviderClient, userPoolId: string): MachineClients => ({
  async create(name) {
    const { UserPoolClient: created } = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: name,
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: Object.values(scopes),
        SupportedIdentityProviders: ['COGNITO'],
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        AccessTokenValidity: 1,
        TokenValidityUnits: { AccessToken: 'hours' },
        EnableTokenRevocation: true,
      }),
    );
    if (!created?.ClientId || !created.ClientSecret) throw new Error(`Cognito created client ${name} without an id or a secret`);
    return { clientId: created.ClientId, clientSecret: created.ClientSecret };
  },

  async delete(clientId) {
    try {
      await cognito.send(new DeleteUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
  },

  async exists(clientId) {
    try {
      await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }));
      return true;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return false;
      throw error;
    }
  },
});
