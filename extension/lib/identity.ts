/**
 * The extension's stable identity. Chrome derives the extension ID from the manifest `key`, so IT
 * can name it in policy files (ExtensionInstallForcelist, 3rdparty managed settings) before it is
 * ever installed. Firefox uses the gecko ID.
 */
export const MANIFEST_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0t+ova5Aw9dJt1JnNBkjnnQHr0DsDQ5msajNnutAtlgMvK7MIrNZWQdtqi/ArhAoOruA0q7iwiE4G4SAC8F8CwquDOrrX9YDvJ7YNUU/xVsxWzlFNFUrZOCemsYaoOVUhPyQ44hEATWfX6/vZ9GqT8kny5oOObSsY9Cy95zdMC5wkwJgEBhfhQbXHQkfa+dGJnVkp1WljDc1xVVAoXHPZIaw2t/kijKPn7e3SFXxpUD+XSa6eNQQUo3aF363kHwgUa/pCTjuhl/2vFZHOmVsiDWbJT6O/1XV/cbPacTaE8mhgZsnd8IGNd/ig02Hi7Nf/dX0d6ORVjYgCaJX8NiUbQIDAQAB';
export const CHROME_EXTENSION_ID = 'igbdpfnhgdjggfedhjjmmbppcbkghcda';
export const GECKO_ID = 'disclosure-guard@workforce.example.gov';
