"""Post-processing of built HTML: notebook pages' unused CSS and markup left out."""
