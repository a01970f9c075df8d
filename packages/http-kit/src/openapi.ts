import { extendZodWithOpenApi, OpenApiGeneratorV31, OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Adds `.openapi()` to zod schemas, once, before any service builds its schemas.
extendZodWithOpenApi(z);

export { OpenAPIRegistry };

/**
 * Builds an OpenAPI 3.1 document from the paths a service registered with its zod schemas.
 * @example const doc = buildOpenApiDocument(registry, { title: 'Issuer API', version: '0.1.0' });
 */
export function buildOpenApiDocument(
  registry: OpenAPIRegistry,
  info: { title: string; version: string; description?: string },
  servers: { url: string }[] = [],
): object {
  registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({ openapi: '3.1.0', info, servers });
}

/** The problem+json response schema, for documenting error responses. */
export const zProblem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/**
 * Standard error responses for a documented route.
 * @example responses: { 201: {...}, ...problemResponses(400, 401, 413) }
 */
export function problemResponses(
  ...statuses: number[]
): Record<number, { description: string; content: object }> {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: `Problem (${s})`, content: { 'application/problem+json': { schema: zProblem } } },
    ]),
  );
}
