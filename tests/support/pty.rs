//! The real `clinic` binary in a pseudo-terminal, read through a terminal emulator (vt100)
//! and driven by the bytes a person's keys send.

use super::NOW;
use clinic::demo::DEMO_PASSWORD;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// One running binary in its own pseudo-terminal.
pub struct Pty {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Everything the binary wrote, as bytes.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    reading: JoinHandle<()>,
}

impl Pty {
    /// Starts `clinic ARGS` on a `cols`×`rows` terminal: clock frozen at [`NOW`], no colour,
    /// home, data directory and working directory in `home`; `env` sets more variables.
    pub fn start(home: &Path, args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Pty {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_clinic"));
        cmd.args(args);
        cmd.env("CLINIC_NOW", NOW);
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        // Keep the log file out of the real data directory.
        cmd.env("XDG_DATA_HOME", home);
        cmd.env("HOME", home);
        for (name, value) in env {
            cmd.env(name, value);
        }
        cmd.cwd(home);
        let child = pty.slave.spawn_command(cmd).expect("start clinic");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZero::new(rows).unwrap(),
            std::num::NonZero::new(cols).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let (feed, log) = (parser.clone(), raw.clone());
        let reading = std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        feed.lock().unwrap().process(&buf[..n]);
                        log.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                }
            }
        });
        let writer = pty.master.take_writer().expect("pty writer");
        Pty {
            parser,
            raw,
            writer,
            child,
            master: pty.master,
            reading,
        }
    }

    /// The screen as text.
    pub fn text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Whether the binary is drawing on the alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Waits until the screen shows `needle`, or fails with what it shows.
    pub fn wait_for(&self, needle: &str) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if self.text().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "timed out waiting for {needle:?}; the screen shows:\n{}",
            self.text()
        );
    }

    /// Types `keys` (raw bytes: `\r` is Enter, `\t` Tab, `\x08` Backspace).
    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // Let the TUI handle each burst before the next, as a person would.
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Signs in to the demo clinic as `user`.
    pub fn sign_in(&mut self, user: &str) {
        self.wait_for("Demo clinic");
        self.send(&format!("{user}\r"));
        self.send(&format!("{DEMO_PASSWORD}\r"));
    }

    /// Types `keys` at once, without waiting: for long scripted sessions that wait for what
    /// the screen shows instead.
    pub fn type_keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// The binary's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a running child")
    }

    /// A line of the binary's `/proc/PID/status` in kB, e.g. `VmRSS` or `VmHWM`.
    pub fn memory_kb(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()))
            .expect("the process status");
        status
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{field}:")))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("no {field} in /proc status"))
    }

    /// Sends a signal by name (`TERM`, `HUP`, `INT`) to the binary.
    pub fn signal(&self, name: &str) {
        let ok = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.pid().to_string()])
            .status()
            .expect("kill runs")
            .success();
        assert!(ok, "kill -{name} failed");
    }

    /// Presses `q`, asserts the binary exits 0 and gives the terminal back: the alternate
    /// screen left (its sequence sent) and the cursor shown.
    pub fn quit(mut self) {
        self.send("q");
        let status = self.finish();
        assert!(status.success(), "exit status {status:?}");
    }

    /// Waits for the binary to end by itself and asserts it gave the terminal back: the
    /// alternate screen left (its sequence sent) and the cursor shown. Returns how it ended.
    pub fn finish(mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(20);
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "the TUI did not end:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        // Read everything it wrote before looking at the terminal.
        let Pty {
            parser,
            raw,
            writer,
            master,
            reading,
            ..
        } = self;
        drop(writer);
        drop(master);
        let _ = reading.join();

        let parser = parser.lock().unwrap();
        assert!(
            !parser.screen().alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!parser.screen().hide_cursor(), "the cursor is still hidden");
        let raw = raw.lock().unwrap();
        let leave = b"\x1b[?1049l";
        assert!(
            raw.windows(leave.len()).any(|w| w == leave),
            "no leave-alternate-screen sequence"
        );
        status
    }
}
