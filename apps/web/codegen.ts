import type { CodegenConfig } from '@graphql-codegen/cli';

// Types come from the API's schema, printed by `npm run schema` at the top level.
const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, scalars: { DateTime: 'string' } },
    },
  },
  ignoreNoDocuments: true,
};
export default config;
