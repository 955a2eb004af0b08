//! Skeleton: to be built.
