fn main() {
    zsrd_app::start();
}
