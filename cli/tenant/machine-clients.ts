/** A machine client's credentials: the secret is known only when the client is created. */
export interface MachineClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** The identity provider's side of a tenant: OAuth client-credentials clients (Cognito app clients). */
export interface MachineClients {
  /** Creates a client-credentials client with the API's scopes. */
  create(name: string): Promise<MachineClientCredentials>;
  /** Deletes a client; one already gone is not an error. */
  delete(clientId: string): Promise<void>;
  exists(clientId: string): Promise<boolean>;
}
