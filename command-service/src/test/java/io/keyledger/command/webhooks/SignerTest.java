package io.keyledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignerTest {

    // the Standard Webhooks specification's published test vector
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330;
    private static final String BODY = "{\"test\": 2432232314}";

    @Test
    void reproducesThePublishedTestVector() {
        assertThat(Signer.signatures(ID, TIMESTAMP, BODY, List.of(SECRET)))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void duringARotationBothSecretsSignSpaceSeparatedNewFirst() throws Exception {
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String header = Signer.signatures(ID, TIMESTAMP, BODY, List.of(other, SECRET));
        assertThat(header.split(" ")).hasSize(2);
        assertThat(header.split(" ")[1]).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        // a receiver holding either secret accepts it (the library's verifier, at the vector's time)
        long now = System.currentTimeMillis() / 1000;
        String fresh = Signer.signatures(ID, now, BODY, List.of(other, SECRET));
        HttpHeaders headers = HttpHeaders.of(Map.of("webhook-id", List.of(ID), "webhook-timestamp", List.of(Long.toString(now)),
                "webhook-signature", List.of(fresh)), (a, b) -> true);
        new Webhook(SECRET).verify(BODY, headers);
        new Webhook(other).verify(BODY, headers);
    }

    @Test
    void anotherBodyOrIdSignsDifferently() {
        String base = Signer.signatures(ID, TIMESTAMP, BODY, List.of(SECRET));
        assertThat(Signer.signatures(ID, TIMESTAMP, BODY + " ", List.of(SECRET))).isNotEqualTo(base);
        assertThat(Signer.signatures(ID + "x", TIMESTAMP, BODY, List.of(SECRET))).isNotEqualTo(base);
        assertThat(Signer.signatures(ID, TIMESTAMP + 1, BODY, List.of(SECRET))).isNotEqualTo(base);
    }
}
