package dev.voicetrace.smoke.apps;

/** The smallest application: prints one line and exits. */
public class HelloApp {
  public static void main(String[] args) {
    System.out.println("HELLO_APP_RAN");
  }
}
