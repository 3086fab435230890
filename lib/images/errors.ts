/**
 * The image pipeline's errors. Behind Step Functions the resizeImage Lambda throws them and the child execution's Task
 * fails with the class's `name` as its Error (https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html).
 * None of them is retried by the ASL: the same object would fail the same way, so each counts at once against the
 * Distributed Map's ToleratedFailurePercentage. Names are set explicitly so that minified bundles keep them.
 */

/** The object is not an image the pipeline can resize (not an image at all, a corrupt one, or a format it does not keep). */
export class UnsupportedImage extends Error {
  override readonly name = 'UnsupportedImage';
}

/** The object is above the configured byte or pixel limit: resizing it could exhaust the function's memory. */
export class ImageTooLarge extends Error {
  override readonly name = 'ImageTooLarge';
}

/** The child's input is not `{bucket, object: {Key, ...}}`: a wiring mistake in the ASL's ItemSelector. */
export class InvalidResizeRequest extends Error {
  override readonly name = 'InvalidResizeRequest';
}
