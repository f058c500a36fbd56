package io.orderflow.job;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page opened in Debian's Chromium, headless, as a reader's browser opens it: which images it shows, and at what
 * size. The page is loaded as it is, with one script added (in a copy beside it, so relative links resolve the
 * same) that writes each image's natural size into the DOM Chromium prints once the page has loaded; an image that
 * failed to load has size 0x0. Chromium comes from Debian (package chromium); .ci/run installs it.
 */
public final class HeadlessChromium {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {}

    /** Every {@code <img>} of the page in document order: its src and its loaded size, "WxH". */
    public static Map<String, String> imagesOf(Path page) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing: this test opens the page in Debian's Chromium "
                    + "(apt-get install chromium; .ci/run installs it)");
        }
        Path probe = page.resolveSibling(".browser-check-" + page.getFileName());
        String html = Files.readString(page, StandardCharsets.UTF_8);
        Files.writeString(probe, html.replace("</body>", "<script>window.addEventListener('load', () => "
                + "document.body.setAttribute('data-images', [...document.images].map(i => i.getAttribute('src') "
                + "+ '=' + i.naturalWidth + 'x' + i.naturalHeight).join(' ')));</script></body>"),
                StandardCharsets.UTF_8);
        Path profile = Files.createTempDirectory("chromium-profile");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--allow-file-access-from-files", "--user-data-dir=" + profile, "--virtual-time-budget=10000",
                "--dump-dom", probe.toUri().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom;
        try {
            dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                throw new IllegalStateException("Chromium did not finish loading " + page + " within 2 minutes");
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Files.deleteIfExists(probe);
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Matcher m = Pattern.compile("data-images=\"([^\"]*)\"").matcher(dom);
        if (!m.find()) {
            throw new IllegalStateException("the page did not finish loading in Chromium: " + page);
        }
        Map<String, String> images = new LinkedHashMap<>();
        for (String image : m.group(1).split(" ")) {
            if (!image.isEmpty()) {
                images.put(image.substring(0, image.lastIndexOf('=')), image.substring(image.lastIndexOf('=') + 1));
            }
        }
        return images;
    }
}
