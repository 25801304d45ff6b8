/**
 * The features whose gradients span the drift (docs/method.md §2): the FeatureField contract, pretrained models as
 * fields (ModelField), simple fields (identity, affine, band, saturating), differentiable feature maps and their
 * per-feature fields (FeatureMap, MapCoefficient), and how fields and maps are written to and read from ensemble files
 * (FieldCodec; map kinds found by ServiceLoader through FeatureMapKind).
 *
 * <p>May depend on: {@code io.ksi.bridge.*}, {@code io.ksi.ensemble.interpolant}.
 */
package io.ksi.ensemble.feature;
