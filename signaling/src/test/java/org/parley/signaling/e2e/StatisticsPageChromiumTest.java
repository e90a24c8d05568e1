package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.browser.BrowserPage;
import org.parley.signaling.browser.Chromium;
import org.parley.signaling.peer.SignalingClient;

/**
 * The secretariat's statistics page in real headless Chromium against the whole server: a delegate
 * listens through the delegate page (real WebRTC) while two more join by signaling; the page asks for
 * the admin key, refuses a wrong one, then shows totals by role, access and country, minutes per
 * language with bars and the day's trend, and fetches the CSV with the key; the key stays for the tab,
 * so the page in Arabic (right to left) opens without asking again. An organiser logged in (the organiser
 * page's session cookie) opens the page without the key and sees only its own meeting. Screenshots under
 * {@code target/screenshots/}.
 */
@Timeout(180)
class StatisticsPageChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PASSWORD = "organiser password 1";

    @Test
    void theSecretariatSeesTotalsTrendsAndDownloadsTheCsv() throws Exception {
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server);
             Chromium chromium = Chromium.launch();
             BrowserPage delegate = chromium.newPage();
             BrowserPage statistics = chromium.newPage();
             BrowserPage organiser = chromium.newPage()) {
            String meeting = api.createMeeting("""
                    {"title": "Assemblée générale", "languages": ["en", "fr", "ar"], "floorLanguage": "en",
                     "booths": [{"language": "fr"}, {"language": "ar"}]}
                    """);
            delegate.navigate(api.invite(meeting, """
                    {"role": "delegate", "name": "Ada", "country": "FR", "organisation": "Mission permanente de la France"}
                    """).get("joinUrl").asText());
            delegate.waitFor("window.parley && window.parley.state().channel", TIMEOUT);
            try (SignalingClient observer = api.join(meeting, "{\"role\": \"observer\", \"name\": \"Obs\", \"country\": \"KE\"}");
                 SignalingClient chair = api.join(meeting, "{\"role\": \"chair\", \"name\": \"Chris\", \"country\": \"CH\","
                         + " \"organisation\": \"UNOG\"}")) {
                Thread.sleep(2_500); // the delegate listens meanwhile

                String base = "http://127.0.0.1:" + server.httpPort();
                statistics.navigate(base + "/statistics.html?lang=en");
                statistics.waitFor("!document.getElementById('key-panel').hidden", TIMEOUT);
                statistics.evaluate("document.getElementById('admin-key').value = 'not-the-key-0123456789'");
                statistics.evaluate("document.querySelector('#key-form button').click()");
                statistics.waitFor("document.getElementById('problems').textContent"
                        + ".includes('did not accept this key')", TIMEOUT);

                statistics.evaluate("document.getElementById('admin-key').value = '" + server.adminKey() + "'");
                statistics.evaluate("document.querySelector('#key-form button').click()");
                statistics.waitFor("window.parleyStatistics.state().report !== null", TIMEOUT);
                JsonNode report = statistics.evaluate("window.parleyStatistics.state().report");
                assertEquals(3, report.get("totals").get("participants").asInt(), report.toString());
                assertEquals("3", text(statistics, "total-participants"));
                assertEquals("3", text(statistics, "total-present"));
                assertTrue(text(statistics, "by-country").contains("Kenya"), text(statistics, "by-country"));
                assertTrue(text(statistics, "by-country").contains("Switzerland"));
                assertTrue(text(statistics, "by-organisation").contains("Mission permanente de la France"));
                assertTrue(text(statistics, "by-access").contains("Observer link"));
                String language = report.get("languages").get(0).asText();
                assertTrue(report.get("totals").get("minutesByLanguage").get(language).asDouble() > 0, report.toString());
                String today = report.get("to").asText();
                assertTrue(statistics.evaluate("[...document.querySelectorAll('#trends tr[data-day=\"" + today
                        + "\"] .bar')].some(bar => parseFloat(bar.style.getPropertyValue('--share')) > 0)").asBoolean(),
                        "today's bar of the delegate's channel has a length");
                assertTrue(text(statistics, "meetings").contains("Assemblée générale"));

                String csv = statistics.evaluate("window.parleyStatistics.csv()").asText();
                assertTrue(csv.startsWith("participation_id,meeting_id,meeting_title,"), csv);
                assertEquals(4, csv.split("\r\n").length, "a header and three stays: " + csv);
                PageAudio.screenshots(statistics, "statistics");

                // The key is kept for the tab: the Arabic page opens at once, right to left.
                statistics.navigate(base + "/statistics.html?lang=ar");
                statistics.waitFor("window.parleyStatistics && window.parleyStatistics.state().report !== null", TIMEOUT);
                assertEquals("rtl", statistics.evaluate("document.documentElement.dir").asText());
                assertEquals("إحصاءات المشاركة", statistics.evaluate("document.querySelector('h1').textContent").asText());
                assertTrue(statistics.evaluate("document.getElementById('key-panel').hidden").asBoolean());
                PageAudio.screenshots(statistics, "statistics-ar");

                // An organiser logged in, as on the organiser page: no key asked, only her meeting's stays.
                api.create("/api/accounts", "{\"name\": \"ana\", \"role\": \"organiser\", \"password\": \""
                        + PASSWORD + "\"}");
                organiser.navigate(base + "/statistics.html?lang=en");
                organiser.waitFor("window.parleyStatistics && !document.getElementById('key-panel').hidden", TIMEOUT);
                JsonNode anas = organiser.evaluate("(async () => {"
                        + " const json = {'Content-Type': 'application/json'};"
                        + " await fetch('/api/session', {method: 'POST', headers: json,"
                        + "   body: JSON.stringify({account: 'ana', password: '" + PASSWORD + "'})});"
                        + " const created = await fetch('/api/meetings', {method: 'POST', headers: json,"
                        + "   body: JSON.stringify({title: 'Ana council', languages: ['en'], floorLanguage: 'en'})});"
                        + " return created.json(); })()");
                try (SignalingClient inAnas = api.join(anas.get("id").asText(), "{\"role\": \"delegate\", \"name\": \"Dee\"}")) {
                    organiser.navigate(base + "/statistics.html?lang=en");
                    organiser.waitFor("window.parleyStatistics.state().report !== null", TIMEOUT);
                    JsonNode own = organiser.evaluate("window.parleyStatistics.state().report");
                    assertEquals(1, own.get("meetings").size(), own.toString());
                    assertEquals(anas.get("id").asText(), own.get("meetings").get(0).get("id").asText());
                    assertEquals("Logged in as \u2068ana\u2069 (organiser): the statistics of your meetings.",
                            text(organiser, "session-note"));
                    assertTrue(organiser.evaluate("document.getElementById('key-panel').hidden"
                            + " && document.getElementById('forget-key').hidden").asBoolean());
                    PageAudio.screenshots(organiser, "statistics-organiser");
                }
            }
        }
    }

    private static String text(BrowserPage page, String id) {
        return page.evaluate("document.getElementById('" + id + "').textContent").asText();
    }
}
