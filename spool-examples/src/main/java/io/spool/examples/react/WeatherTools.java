package io.spool.examples.react;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

import java.util.Map;

/** The ReAct agent's tools, plain LangChain4j {@code @Tool} methods (canned answers: no network). */
public final class WeatherTools {

    private static final Map<String, String> WEATHER = Map.of(
            "paris", "sunny, 21°C", "london", "light rain, 14°C", "tokyo", "cloudy, 18°C");

    @Tool("Current weather in a city")
    public String get_weather(@P("the city's name") String city) {
        String weather = WEATHER.get(city.trim().toLowerCase(java.util.Locale.ROOT));
        if (weather == null) throw new IllegalArgumentException("no weather known for " + city);
        return weather;
    }

    @Tool("Adds two numbers")
    public double add(@P("first number") double a, @P("second number") double b) {
        return a + b;
    }
}
