import { graphql } from '../gql';
import { CategoriesQuery } from './useCategories';

/** Every category, retired ones too, for the coordinator's taxonomy page. */
export const CategoriesAdminQuery = graphql(`
  query CategoriesAdmin {
    categories(includeRetired: true) { id name status retiredAt mergedInto { id name } }
  }
`);

/**
 * After any change to the taxonomy: both lists come back from the API before the mutation
 * resolves, so the page and every picker (cached, even when not on screen) agree with it.
 */
export const refetchCategories = {
  refetchQueries: [{ query: CategoriesAdminQuery }, { query: CategoriesQuery }],
  awaitRefetchQueries: true,
};
