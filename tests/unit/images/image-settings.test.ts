import { ConfigurationError } from '../../../lib/config';
import { DEFAULT_IMAGE_SETTINGS, imageSettings } from '../../../lib/images/image-settings';

describe('imageSettings', () => {
  it('reads widths (sorted, without duplicates), prefix and limits from the environment', () => {
    // Act
    const settings = imageSettings({ THUMBNAIL_WIDTHS: '1024, 320,320', THUMBNAIL_PREFIX: 'thumbs/', MAX_INPUT_BYTES: '1000', MAX_INPUT_PIXELS: '2000' });

    // Assess
    expect(settings).toEqual({ thumbnailWidths: [320, 1024], thumbnailPrefix: 'thumbs/', maxInputBytes: 1000, maxInputPixels: 2000 });
  });

  it('falls back to the defaults (320 and 1024 px under thumbnails/) for unset variables', () => {
    // Act
    const settings = imageSettings({});

    // Assess
    expect(settings).toEqual(DEFAULT_IMAGE_SETTINGS);
    expect(settings.thumbnailWidths).toEqual([320, 1024]);
  });

  it.each([
    ['THUMBNAIL_WIDTHS', '320,wide', 'Environment variable THUMBNAIL_WIDTHS must be a positive integer, got "wide"'],
    ['THUMBNAIL_WIDTHS', '0', 'Environment variable THUMBNAIL_WIDTHS must be a positive integer, got "0"'],
    ['THUMBNAIL_PREFIX', 'thumbnails', 'Environment variable THUMBNAIL_PREFIX must be a non-empty key prefix ending in "/", got "thumbnails"'],
    ['THUMBNAIL_PREFIX', '/', 'Environment variable THUMBNAIL_PREFIX must be a non-empty key prefix ending in "/", got "/"'],
    ['MAX_INPUT_BYTES', '-5', 'Environment variable MAX_INPUT_BYTES must be a positive integer, got "-5"'],
    ['MAX_INPUT_PIXELS', '1.5', 'Environment variable MAX_INPUT_PIXELS must be a positive integer, got "1.5"'],
  ])('refuses %s=%s with a ConfigurationError naming it', (name, value, message) => {
    // Act
    const act = () => imageSettings({ [name]: value });

    // Assess
    expect(act).toThrow(ConfigurationError);
    expect(act).toThrow(message);
  });
});
