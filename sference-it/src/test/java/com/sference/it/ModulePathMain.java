package com.sference.it;

import com.sference.SferenceClient;
import com.sference.model.Batch;
import com.sference.model.Caller;
import com.sference.model.InferenceRequest;
import com.sference.transport.TransportProvider;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Makes real calls through whichever transport the default rules pick, and prints what it saw;
 * {@link ModulePathTest} runs it in child JVMs as the main class of a named module, with only
 * module jars on the module path and no class path.
 *
 * <p>Arguments: the emulator's base URL and API key. Output, one line each:
 * {@code modules <this module> <the SDK's module>}, {@code providers <name>@<module> ...},
 * {@code transport <name>}, {@code caller <id>}, {@code batch <created id> <id got back>}.
 * It uses only the SDK's exported packages and the JDK.
 */
public final class ModulePathMain {
    private ModulePathMain() {}

    public static void main(String[] args) {
        System.out.println("modules " + ModulePathMain.class.getModule().getName() + " " + SferenceClient.class.getModule().getName());
        System.out.println("providers " + ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .map(provider -> provider.name() + "@" + provider.getClass().getModule().getName())
                .collect(Collectors.joining(" ")));
        try (SferenceClient client = SferenceClient.builder().baseUrl(args[0]).apiKey(args[1]).build()) {
            System.out.println("transport " + client.transportName());
            Caller me = client.auth().me();
            System.out.println("caller " + me.id());
            Batch created = client.batches().submit(List.of(InferenceRequest.chat("mp-1", "Qwen/Qwen2.5-7B-Instruct", "hello")));
            System.out.println("batch " + created.id() + " " + client.batches().get(created.id()).id());
        }
    }
}
