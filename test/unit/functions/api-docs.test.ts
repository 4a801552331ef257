import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { apiDocs, documented } from '../../../functions/api-docs';
import { buildProduct } from '../../../functions/definitions';
import { registerFunctions } from '../../../functions/register';
import { createServices } from '../../../functions/services';
import { buildTarget } from '../../../functions/targets';
import { parseConfig } from '../../../shared/config';
import { buildOpenApi } from '../../../shared/http/openapi';
import type { FunctionDefinition } from '../../../shared/platform/functions';

/**
 * The deployed apiDocs function starts without the other functions' routes and builds its
 * document over them on its first request, served through functions-framework's real server.
 */
const services = createServices(
  parseConfig({ GOOGLE_CLOUD_PROJECT: 'demo-pathwise', npm_package_version: '1.2.3' }),
);
let server: Server;
let url: string;

beforeAll(async () => {
  registerFunctions(buildTarget(services, 'apiDocs'));
  server = getTestServer('apiDocs');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/openapi.json`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

it('serves the document of every product function and of itself', async () => {
  const product = buildProduct(services);
  const self = apiDocs(services, () => product);
  const expected = buildOpenApi(documented([...product, self]), '1.2.3');
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual(JSON.parse(JSON.stringify(expected)));
});

it('asks for the product on its first request only', async () => {
  const product = buildProduct(services);
  let asked = 0;
  const definition = apiDocs(services, (): readonly FunctionDefinition[] => {
    asked += 1;
    return product;
  });
  expect(asked).toBe(0);
  registerFunctions([{ ...definition, name: 'apiDocsCounted' }]);
  const counted = getTestServer('apiDocsCounted');
  await new Promise<void>((resolve) => counted.listen(0, '127.0.0.1', resolve));
  try {
    const at = `http://127.0.0.1:${(counted.address() as AddressInfo).port}/api/v1/openapi.json`;
    const first = await (await fetch(at)).json();
    const second = await (await fetch(at)).json();
    expect(second).toEqual(first);
    expect(asked).toBe(1);
  } finally {
    await new Promise((resolve) => counted.close(resolve));
  }
});
