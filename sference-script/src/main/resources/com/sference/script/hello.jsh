System.out.println("sference shell: help() lists the functions; connect() uses SFERENCE_API_KEY or an embedded emulator");
