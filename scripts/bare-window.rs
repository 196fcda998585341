//! The baseline of `scripts/first-frame.sh`: an eframe window with nothing of Unhunch in it (the
//! same egui, winit, OpenGL renderer, features and size), so the time Unhunch's window takes to
//! show its first frame can be read against what the toolkit alone takes on the same machine at
//! the same moment.

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_title("Bare window").with_inner_size([960.0, 720.0]),
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    eframe::run_native("Bare window", options, Box::new(|_| Ok(Box::new(Bare))))
}

/// The app: a heading and a line of text.
struct Bare;

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("A bare eframe window");
            ui.label("The same egui, winit and OpenGL as Unhunch's window, and nothing else.");
        });
    }
}
