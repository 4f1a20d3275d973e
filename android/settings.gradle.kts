// The Carta Android library (AAR). Build: ./build-aar (cargo-ndk + Gradle; needs the Android
// NDK and SDK, which the CI machine lacks).
pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}
dependencyResolutionManagement {
    repositories {
        google()
        mavenCentral()
    }
}
rootProject.name = "carta-android"
include(":carta")
