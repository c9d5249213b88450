import type { NewClient, RetiredClient, TenantListing } from './tenant-commands';

/** The one place a secret is written: the command's stdout, once. */
export const newClientLines = (tenantId: string, client: NewClient): string[] => [
  `tenant:        ${tenantId}`,
  `client id:     ${client.clientId}`,
  ...(client.clientSecret === undefined ? [] : [`client secret: ${client.clientSecret}`]),
];

export const retiredClientLines = (retired: RetiredClient[]): string[] =>
  retired.map(({ clientId, deletedFromIdentityProvider }) =>
    deletedFromIdentityProvider
      ? `retired:       ${clientId} (deleted from Cognito)`
      : `retired:       ${clientId} (refused from now on; registered with --existing-client, so left in Cognito: delete it there if nothing else uses it)`,
  );

export const listingLines = (listing: TenantListing[]): string[] => {
  if (listing.length === 0) return ['no tenants'];
  return listing.flatMap(({ tenant, clients }) => [
    `${tenant.tenantId}  ${tenant.status}  created ${tenant.createdAt}`,
    ...(clients.length === 0
      ? ['  (no clients)']
      : clients.map((client) => `  client ${client.clientId}  ${client.status}  created ${client.createdAt}`)),
  ]);
};
