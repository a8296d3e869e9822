package io.keyledger.local.services;

import io.keyledger.local.config.Service;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** A repository layout whose service jars run {@link FakeService} from the test classes. */
public final class FakeServiceJars {

    private FakeServiceJars() {
    }

    public static Path createHome(Path home) throws IOException {
        Files.createDirectories(home);
        Files.writeString(home.resolve("pom.xml"), "<project/>");
        String testClasses = Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .toUri().toString();
        for (Service service : Service.values()) {
            Path jar = Files.createDirectories(home.resolve(service.artifact()).resolve("target"))
                    .resolve(service.artifact() + ".jar");
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, testClasses);
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
                // manifest only
            }
        }
        return home;
    }
}
