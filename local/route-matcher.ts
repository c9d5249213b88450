import type { Route } from '../lib/routes';

export type RouteTemplate = Pick<Route, 'method' | 'path'>;

export interface RouteMatch<R extends RouteTemplate> {
  route: R;
  /** Decoded values of the route's `{name}` segments; empty for a static route. */
  pathParameters: Record<string, string>;
}

type Segment = { literal: string } | { variable: string };

const parseSegment = (segment: string): Segment => {
  const variable = /^\{([^{}]+)\}$/.exec(segment)?.[1];
  if (variable === undefined) return { literal: segment };
  if (variable.endsWith('+')) throw new Error(`greedy path variables (${segment}) are not emulated locally`);
  return { variable };
};

const decodeSegment = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

const matchSegments = (template: Segment[], requestSegments: string[]): Record<string, string> | undefined => {
  if (template.length !== requestSegments.length) return undefined;
  const pathParameters: Record<string, string> = {};
  for (const [index, segment] of template.entries()) {
    const value = decodeSegment(requestSegments[index]!);
    if ('literal' in segment) {
      if (value !== segment.literal) return undefined;
    } else {
      if (value === '') return undefined;
      pathParameters[segment.variable] = value;
    }
  }
  return pathParameters;
};

// Only routes with as many segments can compete for a request; among them, position by
// position, a literal beats a variable: `/v1/dnc_numbers/check` wins over `/v1/dnc_numbers/{id}`.
const moreSpecificFirst = (a: { segments: Segment[] }, b: { segments: Segment[] }): number => {
  if (a.segments.length !== b.segments.length) return a.segments.length - b.segments.length;
  for (const [index, segment] of a.segments.entries()) {
    const isVariable = 'variable' in segment;
    if (isVariable !== 'variable' in b.segments[index]!) return isVariable ? 1 : -1;
  }
  return 0;
};

/**
 * Chooses routes as API Gateway's HTTP API does: the request's method must be the route's,
 * each `{name}` segment matches exactly one non-empty path segment (passed on URL-decoded),
 * and literal segments win over variables. No match is API Gateway's 404.
 */
export const createRouteMatcher = <R extends RouteTemplate>(routes: readonly R[]) => {
  const compiled = routes.map((route) => ({ route, segments: route.path.split('/').map(parseSegment) })).sort(moreSpecificFirst);
  return (method: string, rawPath: string): RouteMatch<R> | undefined => {
    const requestSegments = rawPath.split('/');
    for (const { route, segments } of compiled) {
      if (route.method !== method) continue;
      const pathParameters = matchSegments(segments, requestSegments);
      if (pathParameters) return { route, pathParameters };
    }
    return undefined;
  };
};
