/** The e2e suite's browser launcher: Debian's chromium through playwright-core, or a clear error when it is missing. */
import { existsSync } from 'node:fs';
import { BrowserMissingError, chromiumPath, DEFAULT_CHROMIUM_PATH, openBrowser } from '../support/browser';

describe('openBrowser', () => {
  const saved = process.env.CHROMIUM_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  });

  it.each([
    ['unset', {}, DEFAULT_CHROMIUM_PATH],
    ['empty', { CHROMIUM_PATH: '' }, DEFAULT_CHROMIUM_PATH],
    ['set', { CHROMIUM_PATH: '/opt/chrome/chrome' }, '/opt/chrome/chrome'],
  ])('finds the browser with CHROMIUM_PATH %s', (_case, env, expected) => {
    // Act
    const found = chromiumPath(env);

    // Assess
    expect(found).toBe(expected);
  });

  it('names the install script when there is no browser', async () => {
    // Prepare
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';

    // Act
    const opening = openBrowser();

    // Assess
    await expect(opening).rejects.toThrow(BrowserMissingError);
    await expect(opening).rejects.toThrow('No Chromium at /nonexistent/chromium. Run the e2e suite through `npm test`');
  });

  it.each([
    ['runs', true, 'yes'],
    ['does not run', false, null],
  ])('drives a page in a fresh profile whose own scripts it %s as asked, and removes the profile on close', async (_case, javaScriptEnabled, ran) => {
    // Prepare
    const session = await openBrowser({ javaScriptEnabled });

    // Act
    await session.page.setContent('<main><h1>Hello from chromium</h1><script>document.body.dataset.ran = "yes"</script></main>');
    const heading = await session.page.getByRole('heading', { level: 1 }).textContent();
    const scriptRan = await session.page.locator('body').getAttribute('data-ran');
    await session.close();

    // Assess
    expect(heading).toBe('Hello from chromium');
    expect(scriptRan).toBe(ran);
    expect(session.userDataDir).toMatch(/e2e-chromium-/);
    expect(existsSync(session.userDataDir)).toBe(false);
  });
});
