package dev.patsnapcamel.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens issued by {@code /oauth/token}: which client each belongs to and when it expires. */
final class TokenStore {

    private record Grant(String clientId, long expiresAtMillis) {}

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** A new token for {@code clientId}, valid for {@code lifetimeSeconds} from {@code nowMillis}. */
    String issue(String clientId, int lifetimeSeconds, long nowMillis) {
        grants.values().removeIf(grant -> grant.expiresAtMillis() <= nowMillis);
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        grants.put(token, new Grant(clientId, nowMillis + lifetimeSeconds * 1000L));
        return token;
    }

    /** The client a token was issued to, if the token exists and has not expired at {@code nowMillis}. */
    Optional<String> clientOf(String token, long nowMillis) {
        Grant grant = grants.get(token);
        return grant == null || grant.expiresAtMillis() <= nowMillis ? Optional.empty() : Optional.of(grant.clientId());
    }
}
