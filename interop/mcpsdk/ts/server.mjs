// An MCP server built with the official TypeScript SDK (@modelcontextprotocol/sdk),
// wired the way the SDK's own OAuth example does (dist/esm/examples/server/
// simpleStreamableHttp.js with --oauth, and simpleStatelessStreamableHttp.js for the
// stateless transport): createMcpExpressApp, mcpAuthMetadataRouter with the
// authorization server's metadata and the MCP server's URL, and requireBearerAuth
// with resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(mcpServerUrl) in
// front of every /mcp route. authspec's interop stage (interop/mcpsdk/run.sh) probes
// it; nothing here is authspec's code.
//
// The SDK serves no authorization server of its own here: the metadata names this
// server's origin as issuer, and mcpAuthMetadataRouter serves that metadata at
// /.well-known/oauth-authorization-server, as the SDK does for a resource server.
//
// Tokens: MCP_TOKEN (scope mcp:tools) and MCP_LIMITED_TOKEN (no scope); the
// middleware requires mcp:tools (requiredScopes).
import http from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';
import { mcpAuthMetadataRouter, getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';

const valid = process.env.MCP_TOKEN;
const limited = process.env.MCP_LIMITED_TOKEN;
if (!valid || !limited) {
  console.error('set MCP_TOKEN and MCP_LIMITED_TOKEN');
  process.exit(2);
}

const app = createMcpExpressApp();
const server = http.createServer(app);
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  const origin = `http://127.0.0.1:${server.address().port}`;
  const mcpServerUrl = new URL(`${origin}/mcp`);
  const oauthMetadata = {
    issuer: `${origin}/`,
    authorization_endpoint: `${origin}/authorize`,
    token_endpoint: `${origin}/token`,
    response_types_supported: ['code'],
    code_challenge_methods_supported: ['S256']
  };
  app.use(mcpAuthMetadataRouter({ oauthMetadata, resourceServerUrl: mcpServerUrl, scopesSupported: ['mcp:tools'], resourceName: 'authspec interop' }));

  const verifier = {
    verifyAccessToken: async token => {
      const expiresAt = Math.floor(Date.now() / 1000) + 3600;
      if (token === valid) return { token, clientId: 'interop', scopes: ['mcp:tools'], expiresAt };
      if (token === limited) return { token, clientId: 'interop', scopes: [], expiresAt };
      throw new InvalidTokenError('Invalid or expired token');
    }
  };
  const authMiddleware = requireBearerAuth({
    verifier,
    requiredScopes: ['mcp:tools'],
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpServerUrl)
  });

  app.post('/mcp', authMiddleware, async (req, res) => {
    const mcp = new McpServer({ name: 'authspec-interop', version: '1.0.0' });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      transport.close();
      mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  const notAllowed = (req, res) => {
    res.writeHead(405).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed.' }, id: null }));
  };
  app.get('/mcp', authMiddleware, notAllowed);
  app.delete('/mcp', authMiddleware, notAllowed);

  console.log(`ts=${origin}`);
});
