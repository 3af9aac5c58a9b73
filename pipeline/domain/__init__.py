"""Knowledge every stage shares: Chinese numerals, the template tables' vocabulary, agencies and divisions, CMS URL shapes."""
