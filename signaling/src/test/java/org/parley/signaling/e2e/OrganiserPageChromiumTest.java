package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.browser.BrowserPage;
import org.parley.signaling.browser.Chromium;
import org.parley.signaling.browser.DevToolsConnection;

/**
 * The organiser page in real headless Chromium against the whole server: an organiser account (made
 * with the admin key) logs in, creates a meeting with booths and a relay through the form, invites an
 * interpreter singly and more people from a CSV file (per-row errors from the page's checks and from the
 * server), and the interpreter's join link, taken from the page, opens the interpreter
 * console, which joins its booth with media. The e-mail text is in the interpreter's language. Then the
 * organiser revokes the invitation (the interpreter is taken out) and ends the meeting. The page is
 * also shown in Arabic, right to left. Screenshots under {@code target/screenshots/}.
 */
@Timeout(180)
class OrganiserPageChromiumTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PASSWORD = "organiser password 1";

    @Test
    void anOrganiserCreatesAMeetingAndTheInterpretersLinkWorks() throws Exception {
        try (ParleyServer server = MediaTestServer.start();
             AdminApi api = new AdminApi(server);
             Chromium chromium = Chromium.launch();
             BrowserPage organiser = chromium.newPage();
             BrowserPage interpreter = chromium.newPage()) {
            api.create("/api/accounts", "{\"name\": \"ana\", \"role\": \"organiser\", \"password\": \"" + PASSWORD + "\"}");
            String site = "http://127.0.0.1:" + server.httpPort();

            organiser.navigate(site + "/organiser.html?lang=en");
            organiser.waitFor("window.parley && window.parley.ready() && window.parley.state().view === 'login'", TIMEOUT);
            set(organiser, "login-account", "ana");
            set(organiser, "login-password", "not the password");
            organiser.evaluate("document.getElementById('login-submit').click()");
            organiser.waitFor("document.getElementById('problems').textContent === 'Wrong account name or password.'", TIMEOUT);
            set(organiser, "login-password", PASSWORD);
            organiser.evaluate("document.getElementById('login-submit').click()");
            organiser.waitFor("window.parley.state().view === 'meetings'", TIMEOUT);
            assertEquals("ana", organiser.evaluate("window.parley.state().account").asText());

            // A new meeting: English floor, French and Spanish booths, Spanish relaying from French.
            organiser.evaluate("document.getElementById('new-meeting').click()");
            organiser.waitFor("window.parley.state().view === 'meeting'", TIMEOUT);
            set(organiser, "meeting-title", "Council on Health");
            for (String language : new String[] {"fr", "es"}) {
                organiser.evaluate("(() => { const box = document.querySelector('#language-choices input[value=\"" + language
                        + "\"]'); box.checked = true; box.dispatchEvent(new Event('change')); })()");
            }
            organiser.evaluate("(() => { const relay = document.querySelector('#booths tr[data-language=\"es\"] select');"
                    + " relay.value = 'fr'; })()");
            set(organiser, "schedule-start", "2030-03-02T09:00");
            set(organiser, "schedule-end", "2030-03-02T12:30");
            organiser.evaluate("document.querySelector('input[name=\"floor-control\"][value=\"open\"]').click()");
            organiser.evaluate("document.getElementById('save-meeting').click()");
            organiser.waitFor("window.parley.state().meeting && window.parley.state().meeting.id"
                    + " && !document.getElementById('invitations-panel').hidden", TIMEOUT);
            String meetingId = organiser.evaluate("window.parley.state().meeting.id").asText();

            JsonNode stored = api.get("/api/meetings/" + meetingId);
            assertEquals("ana", stored.get("owner").asText());
            assertEquals("Council on Health", stored.get("title").asText());
            assertEquals("[\"en\",\"fr\",\"es\"]", stored.get("languages").toString());
            assertEquals("[{\"language\":\"fr\",\"relaySource\":\"floor\"},{\"language\":\"es\",\"relaySource\":\"fr\"}]",
                    stored.get("booths").toString());
            assertEquals("open", stored.get("floorControl").asText());
            assertEquals("[\"studio\",\"standard\",\"low\",\"minimal\"]", stored.get("tierPolicy").toString());
            assertTrue(stored.get("schedule").get("start").asText().startsWith("2030-03-02T09:00"),
                    stored.get("schedule").toString());

            // One interpreter through the form.
            set(organiser, "invite-name", "Camille Dupont");
            set(organiser, "invite-role", "interpreter");
            set(organiser, "invite-booth", "fr");
            set(organiser, "invite-email", "camille@example.org");
            organiser.evaluate("document.getElementById('invite-submit').click()");
            organiser.waitFor("window.parley.state().invitations.length === 1", TIMEOUT);
            JsonNode camille = organiser.evaluate("window.parley.state().invitations[0]");
            assertEquals("interpreter", camille.get("role").asText());
            assertEquals("fr", camille.get("booth").asText());

            // More from a CSV file (semicolons, as a French spreadsheet writes them): two invited, one with the
            // country and organisation the statistics keep; a role nobody has and a booth the meeting lacks, refused
            // by the page; a language code the server does not know, refused by the server; each with its line and
            // reason.
            String csv = "Name;Role;Language;E-mail;Country;Organisation\r\n"
                    + "Ada Obi;delegate;en;ada@example.org;ng;Ministry of Health\r\n"
                    + "\"Lee, Min\";chair;zh;;;\r\n"
                    + "Rex;king;en;rex@example.org;;\r\n"
                    + "Dora;interpreter;de;dora@example.org;;\r\n"
                    + "Zed;observer;xx;;;\r\n";
            organiser.evaluate("(() => { const input = document.getElementById('csv-file'); const files = new DataTransfer();"
                    + " files.items.add(new File([" + quote(csv) + "], 'people.csv', {type: 'text/csv'}));"
                    + " input.files = files.files; input.dispatchEvent(new Event('change')); })()");
            organiser.waitFor("window.parley.state().invitations.length === 3"
                    + " && document.getElementById('csv-summary').textContent.startsWith('2 invited, 3 with errors')", TIMEOUT);
            JsonNode rows = organiser.evaluate("window.parley.state().csv");
            assertEquals(5, rows.size());
            assertTrue(rows.get(0).get("ok").asBoolean());
            assertEquals("Lee, Min", rows.get(1).get("name").asText(), "a quoted field keeps its delimiter");
            assertTrue(rows.get(1).get("ok").asBoolean());
            assertFalse(rows.get(2).get("ok").asBoolean());
            assertEquals(4, rows.get(2).get("line").asInt());
            assertTrue(rows.get(2).get("message").asText().contains("Unknown role “king”"), rows.get(2).toString());
            assertTrue(rows.get(3).get("message").asText().contains("no de booth"), rows.get(3).toString());
            assertEquals("The server refused: language: \"xx\" is not an ISO 639-1 language code",
                    rows.get(4).get("message").asText());
            JsonNode invited = api.get("/api/meetings/" + meetingId + "/invitations");
            assertEquals(3, invited.size(), "the server agrees");
            assertEquals("NG", invited.get(1).get("country").asText(), invited.get(1).toString());
            assertEquals("Ministry of Health", invited.get(1).get("organisation").asText());
            assertTrue(invited.get(2).get("country").isNull(), "an empty cell is no country: " + invited.get(2));

            // The join link and the e-mail, in French because Camille's booth is French.
            String joinUrl = organiser.evaluate("document.querySelector('#invitations tbody tr input.join-link').value").asText();
            assertEquals(camille.get("joinUrl").asText(), joinUrl);
            assertTrue(joinUrl.startsWith(site + "/?token="), joinUrl);
            organiser.waitFor("document.querySelector('#invitations tbody tr a.mail-link').href.startsWith("
                    + "'mailto:camille%40example.org?subject=Invitation%20%3A%20Council%20on%20Health')", TIMEOUT);
            JsonNode email = organiser.evaluate("window.parley.emailText(" + quote(camille.get("invitationId").asText()) + ")");
            String body = email.get("body").asText();
            assertTrue(body.startsWith("Bonjour Camille Dupont,"), body);
            assertTrue(body.contains("Votre rôle : Interprète (cabine "), body);
            assertTrue(body.contains(joinUrl), body);
            organiser.evaluate("document.querySelector('#invitations tbody tr details.email-text summary').click()");
            organiser.waitFor("document.querySelector('#invitations tbody tr textarea.email-body')", TIMEOUT);
            PageAudio.screenshots(organiser, "organiser-meeting");
            assertFitsAPhone(organiser);

            // The link opens the interpreter console, which joins the French booth with media.
            interpreter.navigate(joinUrl);
            interpreter.waitFor("window.parley && window.parley.state().role === 'interpreter'"
                    + " && !document.getElementById('mic').disabled", TIMEOUT);
            assertEquals("fr", interpreter.evaluate("window.parley.state().booth").asText());
            organiser.evaluate("document.getElementById('back').click()");
            organiser.waitFor("window.parley.state().view === 'meetings'"
                    + " && document.querySelector('#meetings tbody td.state-live')", TIMEOUT);
            PageAudio.screenshots(organiser, "organiser-meetings");
            organiser.evaluate("location.hash = '#m/" + meetingId + "'");
            organiser.waitFor("window.parley.state().view === 'meeting' && window.parley.state().invitations.length === 3",
                    TIMEOUT);

            // Revoking takes the interpreter out at once.
            organiser.evaluate("window.confirm = (message) => { window.confirmed = message; return true; }");
            organiser.evaluate("document.querySelector('#invitations tbody tr button.revoke').click()");
            organiser.waitFor("window.parley.state().invitations.length === 3"
                    + " && window.parley.state().invitations[0].revokedAt", TIMEOUT);
            assertTrue(organiser.evaluate("window.confirmed").asText().contains("Camille Dupont"));
            waitUntil(() -> server.meetings().meeting(meetingId).size() == 0, "the interpreter is taken out");
            assertEquals("Revoked", organiser.evaluate(
                    "document.querySelector('#invitations tbody tr td.state-revoked').textContent.split(' · ')[0]").asText());

            // The same page in Arabic, right to left.
            organiser.navigate(site + "/organiser.html?lang=ar#m/" + meetingId);
            organiser.waitFor("window.parley.ready() && window.parley.state().view === 'meeting'"
                    + " && window.parley.state().invitations.length === 3", TIMEOUT);
            assertEquals("rtl", organiser.evaluate("document.documentElement.dir").asText());
            assertEquals("دعوة", organiser.evaluate("document.getElementById('invite-submit').textContent").asText());
            PageAudio.screenshots(organiser, "organiser-meeting-ar");

            // Ending it from the page ends it for everyone.
            organiser.evaluate("window.confirm = () => true");
            organiser.evaluate("document.getElementById('end-meeting').click()");
            organiser.waitFor("window.parley.state().meeting.endedAt", TIMEOUT);
            assertTrue(server.meetings().meeting(meetingId).ended());
            assertFalse(api.get("/api/meetings/" + meetingId).get("endedAt").isNull());
        }
    }

    /** Nothing sticks out sideways at 360 CSS pixels (a phone held upright): no horizontal scrolling of the page. */
    private static void assertFitsAPhone(BrowserPage page) {
        page.call("Emulation.setDeviceMetricsOverride", DevToolsConnection.params()
                .put("width", 360).put("height", 740).put("deviceScaleFactor", 1).put("mobile", false));
        try {
            // Nothing wider than the page, and if there is, which elements stick out.
            String overflow = page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth ? ''"
                    + " : [...document.querySelectorAll('body *')]"
                    + ".filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)"
                    + ".map((el) => el.tagName + (el.id ? '#' + el.id : '') + ' ' + Math.round(el.getBoundingClientRect().right))"
                    + ".slice(0, 12).join(', ')").asText();
            assertEquals("", overflow, "elements wider than a phone");
        } finally {
            page.call("Emulation.clearDeviceMetricsOverride", null);
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TIMEOUT + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    private static void set(BrowserPage page, String id, String value) {
        page.evaluate("(() => { const el = document.getElementById('" + id + "'); el.value = " + quote(value)
                + "; el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); })()");
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r") + "'";
    }
}
