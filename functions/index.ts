/** Entry point of the Functions app (package.json "main"): registers every function. */
import './app';
