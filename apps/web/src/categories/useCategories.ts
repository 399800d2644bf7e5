import { useQuery } from '@apollo/client/react';
import { graphql } from '../gql';

export const CategoriesQuery = graphql(`
  query Categories {
    categories { id name }
  }
`);

/** The alliance's active industry categories, for filters and pickers. */
export function useCategories() {
  const { data, error } = useQuery(CategoriesQuery);
  return { categories: data?.categories ?? [], error };
}
